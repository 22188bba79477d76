site-authority = Official foreign-affairs website of Thừa Thiên Huế province
footer-agency = Run by the Department of Foreign Affairs of Thừa Thiên Huế, under Plan No. 342/KH-UBND of the Provincial People's Committee.
footer-note = To contact the Department of Foreign Affairs, see About › Contact. Content is published in Vietnamese and English.
