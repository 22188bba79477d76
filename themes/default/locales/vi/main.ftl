language-name = Tiếng Việt
skip-to-content = Chuyển đến nội dung chính
language-switcher-label = Chọn ngôn ngữ
main-nav-label = Điều hướng chính
breadcrumb-label = Vị trí trang
nav-home = Trang chủ
translation-unavailable = chưa có bản dịch
sections-heading = Chuyên mục
pages-count = { $count } bài viết
published-on = Đăng ngày
toc-title = Mục lục
pagination-label = Phân trang
pagination-previous = Trang trước
pagination-next = Trang sau
not-found-title = Không tìm thấy trang
not-found-text = Trang bạn tìm không tồn tại hoặc đã được chuyển đi.
not-found-home = Về trang chủ
feed-link = Tin mới (Atom)
og-locale = vi_VN
date-locale = vi
print = In trang này
updated-on = cập nhật
taxonomy-tags = Chủ đề
site-authority = Trang thông tin chính thức
footer-agency = Cơ quan chủ quản: Ủy ban nhân dân tỉnh
footer-note = Nội dung được công bố bằng tiếng Việt và tiếng Anh.
footer-nav-label = Liên kết cuối trang
notice-untranslated = Trang này chưa được dịch sang tiếng Việt. Dưới đây là nội dung bằng ngôn ngữ gốc.
record-facts = Thông tin chính
lunar-date = { $day } tháng { $month ->
    [1] Giêng
    [12] Chạp
   *[other] { $month }
  }{ $leap ->
    [yes] {" "}nhuận
   *[no] {""}
  } âm lịch
date-range = { $start } – { $end }
value-yes = Có
value-no = Không
data-column-id = Mã
data-column-title = Tên
data-column-url = Đường dẫn
month-year = Tháng { $month } năm { $year }
calendar-heading = Lịch lễ hội
calendar-subscribe = Thêm lịch vào ứng dụng lịch của bạn (.ics)
calendar-past = đã diễn ra
calendar-empty = Chưa có ngày nào trong thời gian này.
data-title = Dữ liệu mở
data-description = Dữ liệu của cổng thông tin để tải về: JSON, CSV, GeoJSON và lịch iCalendar.
data-intro = Dữ liệu trên các trang của cổng thông tin, để tải về và dùng lại.
data-generated = Cập nhật ngày
data-licence = Giấy phép:
data-records = { $count } bản ghi
data-format = Định dạng
data-size = Dung lượng
data-kilobytes = { $size } KB
record-nearby = Gần đây
distance-km = { $km } km
decimal-separator = ,
search-title = Tìm kiếm
search-description = Tìm kiếm trong các trang của cổng thông tin.
search-label = Tìm kiếm trên cổng thông tin
search-button = Tìm
search-hint = Có thể gõ có dấu hoặc không dấu: Huế, Hue, Đại Nội, dai noi.
search-needs-script = Chức năng tìm kiếm cần JavaScript, nhưng trình duyệt đang tắt JavaScript. Các chuyên mục liệt kê mọi trang:
search-type-more = Hãy gõ ít nhất hai chữ cái.
search-loading = Đang tìm…
search-results = Tìm thấy { $count } trang cho “{ $query }”
search-none = Không có trang nào khớp với “{ $query }”. Hãy kiểm tra chính tả, hoặc thử ít từ hơn hay từ khác.
search-failed = Không tải được dữ liệu tìm kiếm. Hãy thử lại sau, hoặc xem theo chuyên mục.
search-more = Xem thêm kết quả
