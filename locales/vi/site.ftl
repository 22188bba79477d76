site-authority = Trang thông tin đối ngoại chính thức của tỉnh Thừa Thiên Huế
footer-agency = Cơ quan thực hiện: Sở Ngoại vụ tỉnh Thừa Thiên Huế, theo Kế hoạch số 342/KH-UBND của Ủy ban nhân dân tỉnh.
footer-note = Liên hệ với Sở Ngoại vụ: xem mục Giới thiệu › Liên hệ. Nội dung được công bố bằng tiếng Việt và tiếng Anh.
