site-authority = Official foreign-affairs website of Thừa Thiên Huế province
footer-agency = Run by the Department of Foreign Affairs of Thừa Thiên Huế, under Plan No. 342/KH-UBND of the Provincial People's Committee.
