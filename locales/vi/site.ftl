site-authority = Trang thông tin đối ngoại chính thức của tỉnh Thừa Thiên Huế
footer-agency = Cơ quan thực hiện: Sở Ngoại vụ tỉnh Thừa Thiên Huế, theo Kế hoạch số 342/KH-UBND của Ủy ban nhân dân tỉnh.
