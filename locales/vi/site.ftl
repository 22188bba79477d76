site-authority = Cổng thông tin đối ngoại thành phố Huế
footer-agency = Nội dung dựa trên Kế hoạch số 342/KH-UBND ngày 19/9/2022 của Ủy ban nhân dân tỉnh Thừa Thiên Huế (từ ngày 1/1/2025 là thành phố Huế trực thuộc Trung ương).
footer-note = Cách liên hệ với cơ quan phụ trách công tác đối ngoại của thành phố Huế: xem mục Giới thiệu › Liên hệ. Nội dung được công bố bằng tiếng Việt và tiếng Anh.
