site-authority = Huế City Foreign Affairs Portal
footer-agency = Based on Plan No. 342/KH-UBND of 19 September 2022 of the People's Committee of Thừa Thiên Huế province, which became Huế, a centrally governed city, on 1 January 2025.
footer-note = To reach the body responsible for foreign affairs in Huế city, see About › Contact. Content is published in Vietnamese and English.
