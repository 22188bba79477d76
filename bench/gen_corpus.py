#!/usr/bin/env python3
"""Generate a deterministic bilingual (vi/en) corpus for the huong vs Hugo benchmark.

    python3 bench/gen_corpus.py --articles N --out DIR

writes two sites with the same content:

    DIR/huong/  a huong site (site.toml + content/)
    DIR/hugo/   a Hugo site (config.toml + content/ + layouts/)

N articles per language (vi and en; translations share a file stem), spread
round-robin over SECTIONS sections, each article ~700 words of filler text with
headings, lists, emphasis, the odd table and blockquote, 1-3 tags out of 50,
and 2-3 internal links to other articles.

The output depends only on the arguments (fixed seed, string-seeded RNGs that
do not depend on PYTHONHASHSEED), so two runs produce byte-identical trees.
"""

import argparse
import datetime
import json
import os
import re
import random
import shutil
import sys
import unicodedata

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

VI_WORDS = """
một hai ba bốn năm sáu bảy tám chín mười người nhà nước đất trời biển sông núi
rừng cây hoa lá quả gió mưa nắng mây trăng sao ngày đêm sáng chiều tối sớm muộn
thành phố làng quê đường phố chợ trường học bệnh viện công viên thư viện bảo tàng
nhà hàng quán cà phê bến xe sân bay ga tàu cầu thuyền xe máy xe đạp ô tô
học sinh sinh viên giáo viên bác sĩ kỹ sư nông dân công nhân nghệ sĩ nhà văn
lập trình viên doanh nhân du khách gia đình bạn bè hàng xóm cộng đồng xã hội
phát triển xây dựng nghiên cứu thiết kế sản xuất kinh doanh quản lý tổ chức
giải quyết cải thiện đánh giá phân tích kiểm tra thử nghiệm ứng dụng triển khai
hệ thống dữ liệu phần mềm phần cứng mạng lưới máy tính điện thoại trang web
công nghệ khoa học kinh tế văn hóa lịch sử giáo dục y tế thể thao âm nhạc
điện ảnh ẩm thực du lịch môi trường năng lượng nông nghiệp thương mại
chất lượng hiệu quả tốc độ độ tin cậy an toàn bảo mật tiện lợi đơn giản
phức tạp quan trọng cần thiết hữu ích mới mẻ truyền thống hiện đại nhanh chóng
chậm rãi cẩn thận rõ ràng đầy đủ chính xác bền vững linh hoạt mạnh mẽ nhẹ nhàng
đẹp xanh đỏ vàng trắng đen tím cao thấp dài ngắn rộng hẹp lớn nhỏ nóng lạnh
và hoặc nhưng vì nên nếu thì khi trong ngoài trên dưới giữa với cho của từ đến
đã đang sẽ vẫn còn cũng rất khá hơi quá lắm nhất luôn thường đôi khi hiếm khi
có không được bị làm đi đến về ra vào lên xuống nói viết đọc nghe nhìn thấy
biết hiểu nghĩ muốn cần phải nên giúp dùng tìm chọn mua bán gửi nhận mở đóng
bắt đầu kết thúc tiếp tục thay đổi giữ lại chia sẻ trao đổi học hỏi trải nghiệm
câu chuyện bài học kinh nghiệm ý tưởng kế hoạch mục tiêu kết quả vấn đề giải pháp
phương pháp cách thức quy trình bước đầu tiên cuối cùng tiếp theo ví dụ chi tiết
tổng quan lợi ích hạn chế thách thức cơ hội xu hướng tương lai quá khứ hiện tại
phở bánh mì cơm tấm bún chả gỏi cuốn chè trà sữa nước mắm rau thơm
Hà Nội Sài Gòn Huế Đà Nẵng Hội An Cần Thơ Hải Phòng Nha Trang Đà Lạt Sa Pa
tiếng Việt chữ quốc ngữ ngôn ngữ dấu thanh âm tiết từ vựng ngữ pháp bản dịch
""".split()

# multi-syllable units that should stay together, picked now and then
VI_COMPOUNDS = """
thành_phố làng_quê đường_phố trường_học bệnh_viện công_viên thư_viện bảo_tàng
nhà_hàng quán_cà_phê học_sinh sinh_viên giáo_viên bác_sĩ kỹ_sư lập_trình_viên
phát_triển xây_dựng nghiên_cứu thiết_kế sản_xuất kinh_doanh quản_lý tổ_chức
giải_quyết cải_thiện đánh_giá phân_tích kiểm_tra thử_nghiệm ứng_dụng triển_khai
hệ_thống dữ_liệu phần_mềm phần_cứng máy_tính điện_thoại trang_web công_nghệ
khoa_học kinh_tế văn_hóa lịch_sử giáo_dục y_tế thể_thao âm_nhạc ẩm_thực
du_lịch môi_trường năng_lượng chất_lượng hiệu_quả tốc_độ bảo_mật đơn_giản
phức_tạp quan_trọng cần_thiết hữu_ích truyền_thống hiện_đại nhanh_chóng
bền_vững linh_hoạt mạnh_mẽ nhẹ_nhàng câu_chuyện kinh_nghiệm ý_tưởng kế_hoạch
mục_tiêu kết_quả vấn_đề giải_pháp phương_pháp quy_trình xu_hướng tương_lai
Hà_Nội Sài_Gòn Đà_Nẵng Hội_An Cần_Thơ Nha_Trang Đà_Lạt bánh_mì cơm_tấm
""".split()

EN_WORDS = """
the a an of and or but because so if then when while in on at under over between
with for from to into through about after before during without within across
one two three four five six seven eight nine ten first second last next every
people house city village street market school hospital park library museum
restaurant cafe station airport bridge boat bicycle car train river mountain
forest tree flower leaf fruit wind rain sun cloud moon star day night morning
evening student teacher doctor engineer farmer worker artist writer developer
traveller family friend neighbour community society team project company
build develop research design produce manage organise solve improve review
analyse test deploy measure compare explain describe discover explore share
system data software hardware network computer phone website server database
technology science economy culture history education health sport music film
food travel environment energy agriculture trade language grammar translation
quality speed reliability safety security convenience simplicity performance
important necessary useful new traditional modern fast slow careful clear
complete accurate sustainable flexible strong gentle beautiful green red yellow
white black high low long short wide narrow large small hot cold quiet busy
is are was were will would can could should must may might has have had do
does did make makes made take takes took find finds found keep keeps kept
give gives gave show shows showed start starts started finish change changes
story lesson experience idea plan goal result problem solution method process
step example detail overview benefit limit challenge opportunity trend future
past present question answer reason approach practice pattern habit routine
often sometimes rarely always never usually quickly slowly carefully clearly
really quite rather very almost nearly simply mostly partly entirely
Hanoi Saigon Hue Danang Hoian Cantho Haiphong Nhatrang Dalat Sapa Mekong
noodle soup rice bread coffee tea herbs sauce street-food breakfast dinner
""".split()

# (vi, en) section titles; the folder name is shared by both languages
SECTIONS = [
    ("cong-nghe", "Công nghệ", "Technology"),
    ("du-lich", "Du lịch", "Travel"),
    ("am-thuc", "Ẩm thực", "Food"),
    ("khoa-hoc", "Khoa học", "Science"),
    ("van-hoa", "Văn hóa", "Culture"),
    ("kinh-te", "Kinh tế", "Economy"),
    ("giao-duc", "Giáo dục", "Education"),
    ("the-thao", "Thể thao", "Sport"),
    ("suc-khoe", "Sức khỏe", "Health"),
    ("moi-truong", "Môi trường", "Environment"),
    ("am-nhac", "Âm nhạc", "Music"),
    ("lich-su", "Lịch sử", "History"),
    ("nghe-thuat", "Nghệ thuật", "Art"),
    ("doi-song", "Đời sống", "Life"),
    ("phan-mem", "Phần mềm", "Software"),
    ("thien-nhien", "Thiên nhiên", "Nature"),
]

# 50 (vi, en) tag pairs; vi names carry diacritics and spaces on purpose
TAGS = [
    ("lập trình", "programming"), ("rust", "rust"), ("web", "web"),
    ("cơ sở dữ liệu", "databases"), ("bảo mật", "security"),
    ("mạng máy tính", "networking"), ("trí tuệ nhân tạo", "artificial intelligence"),
    ("điện toán đám mây", "cloud computing"), ("mã nguồn mở", "open source"),
    ("thiết kế", "design"), ("phở", "pho"), ("cà phê", "coffee"),
    ("món chay", "vegetarian"), ("đường phố", "street life"),
    ("Hà Nội", "Hanoi"), ("Sài Gòn", "Saigon"), ("Huế", "Hue"),
    ("Đà Nẵng", "Da Nang"), ("Hội An", "Hoi An"), ("miền Tây", "Mekong Delta"),
    ("núi rừng", "highlands"), ("biển đảo", "islands"), ("lễ hội", "festivals"),
    ("Tết", "Lunar New Year"), ("gia đình", "family"), ("trẻ em", "children"),
    ("đại học", "university"), ("ngoại ngữ", "languages"), ("sách", "books"),
    ("điện ảnh", "cinema"), ("nhạc trẻ", "pop music"), ("nhạc cổ truyền", "folk music"),
    ("bóng đá", "football"), ("chạy bộ", "running"), ("bơi lội", "swimming"),
    ("dinh dưỡng", "nutrition"), ("giấc ngủ", "sleep"), ("y học", "medicine"),
    ("khí hậu", "climate"), ("năng lượng sạch", "clean energy"),
    ("rác thải", "waste"), ("nông nghiệp", "agriculture"), ("khởi nghiệp", "startups"),
    ("tài chính", "finance"), ("thị trường", "markets"), ("lịch sử", "history"),
    ("kiến trúc", "architecture"), ("hội họa", "painting"), ("nhiếp ảnh", "photography"),
    ("du lịch bụi", "backpacking"),
]
assert len(TAGS) == 50

LINK_LEAD = {"vi": ["Xem thêm", "Đọc thêm", "Có thể bạn quan tâm:", "Liên quan:"],
             "en": ["See also", "Read more in", "Related:", "Compare with"]}
TABLE_HEAD = {"vi": ["Hạng mục", "Giá trị", "Ghi chú"],
              "en": ["Item", "Value", "Notes"]}
QUOTE_LEAD = {"vi": "Ghi chú", "en": "Note"}
HOME = {"vi": ("Trang chủ", "Chào mừng đến với trang thử nghiệm hiệu năng. Nội dung được sinh tự động."),
        "en": ("Home", "Welcome to the benchmark site. All content here is generated.")}
SECTION_INTRO = {"vi": "Các bài viết về chủ đề {}.", "en": "Articles about {}."}


def nfc(s):
    return unicodedata.normalize("NFC", s)


VI_WORDS = [nfc(w) for w in VI_WORDS]
VI_COMPOUNDS = [nfc(w.replace("_", " ")) for w in VI_COMPOUNDS]
TAGS = [(nfc(v), e) for v, e in TAGS]
SECTIONS = [(d, nfc(v), e) for d, v, e in SECTIONS]


def toml_str(s):
    # JSON string escapes are valid TOML basic-string escapes
    return json.dumps(s, ensure_ascii=False)


# --------------------------------------------------------------------------
# Text generation
# --------------------------------------------------------------------------

class Text:
    def __init__(self, lang, rng):
        self.lang = lang
        self.rng = rng
        self.words = 0  # running word count of the body

    def word(self):
        r = self.rng
        if self.lang == "vi" and r.random() < 0.25:
            return r.choice(VI_COMPOUNDS)
        return r.choice(VI_WORDS if self.lang == "vi" else EN_WORDS)

    def phrase(self, lo, hi, emphasis=True):
        r = self.rng
        out = []
        for _ in range(r.randint(lo, hi)):
            w = self.word()
            self.words += len(w.split())
            if emphasis:
                x = r.random()
                if x < 0.025:
                    w = "*" + w + "*"
                elif x < 0.04:
                    w = "**" + w + "**"
                elif x < 0.045:
                    w = "`" + w + "`"
            out.append(w)
        return out

    def sentence(self):
        ws = self.phrase(6, 16)
        first = ws[0]
        # capitalise the first letter even behind emphasis markers
        i = len(first) - len(first.lstrip("*`"))
        ws[0] = first[:i] + first[i:i + 1].upper() + first[i + 1:]
        if len(ws) > 8 and self.rng.random() < 0.3:
            ws[len(ws) // 2] += ","
        return " ".join(ws) + self.rng.choice([".", ".", ".", ".", "!", "?"])

    def paragraph(self, lo=3, hi=6):
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def title(self, lo=3, hi=7):
        t = " ".join(self.phrase(lo, hi, emphasis=False))
        return t[:1].upper() + t[1:]


def gen_body(lang, rng, links, titles):
    """Return the article body (huong link syntax) and its word count.

    links: list of (section_dir, stem, target_index); titles: per-index titles.
    """
    t = Text(lang, rng)
    target = rng.randint(560, 700)
    blocks = [t.paragraph(2, 4)]
    want_table = rng.random() < 0.25
    n_sub = 0
    while t.words < target:
        blocks.append("## " + t.title(2, 6))
        for _ in range(rng.randint(1, 3)):
            blocks.append(t.paragraph())
        x = rng.random()
        if x < 0.35:
            items = [" ".join(t.phrase(3, 10)) for _ in range(rng.randint(3, 6))]
            if rng.random() < 0.5:
                blocks.append("\n".join("- " + it for it in items))
            else:
                blocks.append("\n".join(f"{k}. {it}" for k, it in enumerate(items, 1)))
        elif x < 0.45:
            blocks.append("> **" + QUOTE_LEAD[lang] + ":** " + t.sentence())
        if want_table and t.words > target // 2:
            want_table = False
            head = TABLE_HEAD[lang]
            rows = ["| " + " | ".join(head) + " |", "| --- | ---: | --- |"]
            for _ in range(rng.randint(3, 6)):
                name = " ".join(t.phrase(1, 3, emphasis=False))
                val = str(rng.randint(1, 9999))
                note = " ".join(t.phrase(2, 5, emphasis=False))
                rows.append(f"| {name} | {val} | {note} |")
            blocks.append("\n".join(rows))
        if n_sub < 2 and rng.random() < 0.3:
            n_sub += 1
            blocks.append("### " + t.title(2, 5))
            blocks.append(t.paragraph(2, 4))
    # place the internal links into distinct prose paragraphs
    prose = [k for k, b in enumerate(blocks) if b[:1] not in ("#", "-", "|", ">") and not b[:1].isdigit()]
    spots = rng.sample(prose, min(len(links), len(prose)))
    for (sec, stem, idx), k in zip(links, spots):
        lead = rng.choice(LINK_LEAD[lang])
        blocks[k] += f" {lead} [{titles[idx]}](@/{sec}/{stem}.md)."
    return "\n\n".join(blocks) + "\n", t.words


HUONG_LINK = re.compile(r"\]\(@/([^)#]+)\.md\)")


def hugo_links(body, lang, mode):
    if mode == "ref":
        return HUONG_LINK.sub(lambda m: f'](' + '{{< relref "/' + m.group(1) + '" >}}' + ')', body)
    prefix = "" if lang == "vi" else "/en"
    return HUONG_LINK.sub(lambda m: f"]({prefix}/{m.group(1)}/)", body)


# --------------------------------------------------------------------------
# Site scaffolding
# --------------------------------------------------------------------------

HUONG_SITE_TOML = """\
base_url = "https://bench.example.org"
default_language = "vi"
theme = "default"
output_dir = "public"

[languages.vi]
title = "Bench VI"
[languages.en]
title = "Bench EN"

[[taxonomies]]
name = "tags"
slugs = { vi = "chu-de", en = "topics" }
feed = false
"""

# Hugo 0.111 (Debian bookworm): `paginate` (not [pagination]), config.toml.
HUGO_CONFIG_TOML = """\
baseURL = "https://bench.example.org/"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = false
paginate = 20
enableRobotsTXT = false
disableHugoGeneratorInject = true
{rss_limit}
# only the tags taxonomy (Hugo adds `categories` unless taxonomies are listed)
[taxonomies]
  tag = "tags"

# huong: `feed = false` on tags, so no feeds for the taxonomy and term pages.
# Home and sections keep Hugo's default HTML + RSS; sitemap is on by default.
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML"]
  term = ["HTML"]

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
  ordered = false

[languages.vi]
  languageName = "Tiếng Việt"
  languageCode = "vi"
  title = "Bench VI"
  weight = 1
[languages.en]
  languageName = "English"
  languageCode = "en"
  title = "Bench EN"
  weight = 2
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{- end }}
{{- with .OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" title="{{ $.Site.Title }}" href="{{ .Permalink }}">
{{- end }}
</head>
<body>
<header>
<a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav><ul>
{{- range .Site.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ul></nav>
{{- with .Translations }}
<ul class="languages">
{{- range . }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>
{{- end }}
</ul>
{{- end }}
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ .Site.Title }} · {{ .Site.Language.LanguageName }}</p></footer>
</body>
</html>
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<h2>{{ if eq .Site.Language.Lang "vi" }}Chuyên mục{{ else }}Sections{{ end }}</h2>
<ul>
{{- range .Site.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>
{{- end }}
</ul>
<h2>{{ if eq .Site.Language.Lang "vi" }}Bài mới{{ else }}Recent{{ end }}</h2>
<ul>
{{- range first 20 .Site.RegularPages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></li>
{{- end }}
</ul>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{- $pag := .Paginate .Pages }}
<ul class="pages">
{{- range $pag.Pages }}
<li>
<a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
<p>{{ .Summary }}</p>
</li>
{{- end }}
</ul>
{{ partial "pager.html" $pag }}
{{ end }}
""",
    "partials/pager.html": """\
{{- if gt .TotalPages 1 }}
<nav class="pagination">
{{- with .Prev }}<a rel="prev" href="{{ .URL }}">&laquo;</a>{{ end }}
{{- range .Pagers }}
{{- if eq . $ }}<span>{{ .PageNumber }}</span>{{ else }}<a href="{{ .URL }}">{{ .PageNumber }}</a>{{ end }}
{{- end }}
{{- with .Next }}<a rel="next" href="{{ .URL }}">&raquo;</a>{{ end }}
</nav>
{{- end }}
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{- with .GetTerms "tags" }} ·
{{- range . }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{- end }}</p>
{{- with .TableOfContents }}
<aside class="toc">{{ . }}</aside>
{{- end }}
{{ .Content }}
</article>
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{- range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{- end }}
</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="pages">
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></li>
{{- end }}
</ul>
{{ end }}
""",
    "404.html": """\
{{ define "main" }}
<h1>404</h1>
<p>{{ if eq .Site.Language.Lang "vi" }}Không tìm thấy trang.{{ else }}Page not found.{{ end }}</p>
<p><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></p>
{{ end }}
""",
}

# Zola (built from its source repository; see bench/README.md): the same site as huong's, in
# Zola's terms. Zola has no default theme, so these templates show what Hugo's layouts show.
ZOLA_CONFIG_TOML = """\
base_url = "https://bench.example.org"
title = "Bench VI"
default_language = "vi"
compile_sass = false
build_search_index = false
generate_feeds = true
feed_filenames = ["atom.xml"]
taxonomies = [{ name = "tags", feed = false }]

[languages.en]
title = "Bench EN"
generate_feeds = true
feed_filenames = ["atom.xml"]
taxonomies = [{ name = "tags", feed = false }]
"""

ZOLA_TEMPLATES = {
    "base.html": """\
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="canonical" href="{{ current_url | default(value=config.base_url) | safe }}">
{%- block alternates %}{% endblock alternates %}
<link rel="alternate" type="application/atom+xml" title="{{ config.title }}" href="{{ get_url(path="atom.xml", lang=lang, trailing_slash=false) | safe }}">
</head>
<body>
<header>
{%- if lang == config.default_language %}{% set home_path = "_index.md" %}{% else %}{% set home_path = "_index." ~ lang ~ ".md" %}{% endif %}
{%- set home = get_section(path=home_path, metadata_only=true) %}
<a href="{{ home.permalink | safe }}">{{ config.title }}</a>
<nav><ul>
{%- for path in home.subsections %}{% set s = get_section(path=path, metadata_only=true) %}
<li><a href="{{ s.permalink | safe }}">{{ s.title }}</a></li>
{%- endfor %}
</ul></nav>
{%- block languages %}{% endblock languages %}
</header>
<main>
{% block content %}{% endblock content %}
</main>
<footer><p>{{ config.title }} · {{ lang }}</p></footer>
</body>
</html>
""",
    "index.html": """\
{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<h2>{% if lang == "vi" %}Chuyên mục{% else %}Sections{% endif %}</h2>
<ul>
{%- for path in section.subsections %}{% set s = get_section(path=path) %}
<li><a href="{{ s.permalink | safe }}">{{ s.title }}</a> ({{ s.pages | length }})</li>
{%- endfor %}
</ul>
{% endblock content %}
""",
    "section.html": """\
{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul class="pages">
{%- for page in paginator.pages %}
<li>
<a href="{{ page.permalink | safe }}">{{ page.title }}</a>
<time datetime="{{ page.date }}">{{ page.date }}</time>
<p>{{ page.summary | default(value="") | safe }}</p>
</li>
{%- endfor %}
</ul>
{%- if paginator.number_pagers > 1 %}
<nav class="pagination">
{%- if paginator.previous %}<a rel="prev" href="{{ paginator.previous | safe }}">&laquo;</a>{% endif %}
{%- for i in range(start=1, end=paginator.number_pagers + 1) %}
{%- if i == paginator.current_index %}<span>{{ i }}</span>{% else %}<a href="{{ paginator.base_url | safe }}{{ i }}/">{{ i }}</a>{% endif %}
{%- endfor %}
{%- if paginator.next %}<a rel="next" href="{{ paginator.next | safe }}">&raquo;</a>{% endif %}
</nav>
{%- endif %}
{% endblock content %}
""",
    "page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block alternates %}
{%- for t in page.translations %}
<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink | safe }}">
{%- endfor %}
{% endblock alternates %}
{% block languages %}
<ul class="languages">
{%- for t in page.translations %}
<li><a href="{{ t.permalink | safe }}" hreflang="{{ t.lang }}" lang="{{ t.lang }}">{{ t.lang }}</a></li>
{%- endfor %}
</ul>
{% endblock languages %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p><time datetime="{{ page.date }}">{{ page.date }}</time>
{%- if page.taxonomies.tags %} ·
{%- for tag in page.taxonomies.tags %} <a href="{{ get_taxonomy_url(kind="tags", name=tag, lang=lang) | safe }}">{{ tag }}</a>{% endfor %}
{%- endif %}</p>
{%- if page.toc %}
<aside class="toc"><ul>
{%- for h in page.toc %}
<li><a href="{{ h.permalink | safe }}">{{ h.title }}</a>
{%- if h.children %}<ul>{% for c in h.children %}<li><a href="{{ c.permalink | safe }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>
{%- endfor %}
</ul></aside>
{%- endif %}
{{ page.content | safe }}
</article>
{% endblock content %}
""",
    "tags/list.html": """\
{% extends "base.html" %}
{% block content %}
<h1>{{ taxonomy.name }}</h1>
<ul class="terms">
{%- for term in terms %}
<li><a href="{{ term.permalink | safe }}">{{ term.name }}</a> ({{ term.pages | length }})</li>
{%- endfor %}
</ul>
{% endblock content %}
""",
    "tags/single.html": """\
{% extends "base.html" %}
{% block title %}{{ term.name }} · {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ term.name }}</h1>
<ul class="pages">
{%- for page in term.pages %}
<li><a href="{{ page.permalink | safe }}">{{ page.title }}</a> <time datetime="{{ page.date }}">{{ page.date }}</time></li>
{%- endfor %}
</ul>
{% endblock content %}
""",
    "404.html": """\
{% extends "base.html" %}
{% block content %}
<h1>404</h1>
<p>{% if lang == "vi" %}Không tìm thấy trang.{% else %}Page not found.{% endif %}</p>
{% endblock content %}
""",
}


def zola_links(body, lang):
    """huong's `@/SECTION/STEM.md` leads to the page in the linking page's language; Zola's
    names the file, so an English page links to `STEM.en.md`."""
    if lang == "vi":
        return body
    return HUONG_LINK.sub(lambda m: f"](@/{m.group(1)}.{lang}.md)", body)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def front_matter(fields, tags=None, huong=True):
    lines = ["+++"]
    for k, v in fields:
        lines.append(f"{k} = {v}")
    if tags is not None:
        arr = "[" + ", ".join(toml_str(x) for x in tags) + "]"
        if huong:
            lines += ["[taxonomies]", f"tags = {arr}"]
        else:
            lines.append(f"tags = {arr}")
    lines.append("+++")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, required=True, help="articles per language")
    ap.add_argument("--out", required=True, help="output directory (huong/, hugo/ and zola/ are replaced)")
    ap.add_argument("--seed", default="huong-bench-1", help="RNG seed (default: %(default)s)")
    ap.add_argument("--sections", type=int, default=10, help="number of sections (max %d)" % len(SECTIONS))
    ap.add_argument("--hugo-links", choices=["plain", "ref"], default="plain",
                    help="internal links on the Hugo side: plain URLs (default) or {{< relref >}} shortcodes")
    ap.add_argument("--hugo-rss-limit", type=int, default=-1,
                    help="Hugo rssLimit (default -1: Hugo's default, every page in the feed)")
    a = ap.parse_args()
    n, seed = a.articles, a.seed
    if n < 1 or not 1 <= a.sections <= len(SECTIONS):
        ap.error("bad --articles or --sections")

    out = os.path.abspath(a.out)
    hroot, groot = os.path.join(out, "huong"), os.path.join(out, "hugo")
    zroot = os.path.join(out, "zola")
    for d in (hroot, groot, zroot):
        if os.path.exists(d):
            shutil.rmtree(d)

    sections = SECTIONS[:a.sections]
    langs = ("vi", "en")

    # per-article shared facts: section, stem, date, tags, link targets
    meta = []
    base = datetime.date(2015, 1, 1)
    for i in range(n):
        r = random.Random(f"{seed}/meta/{i}")
        sec = sections[i % len(sections)][0]
        stem = f"bai-{i:05d}"
        date = base + datetime.timedelta(days=r.randrange(0, 3650))
        tags = sorted(r.sample(range(len(TAGS)), r.randint(1, 3)))
        k = min(r.randint(2, 3), n - 1)
        targets = r.sample([j for j in range(n) if j != i], k) if n <= 64 else []
        while len(targets) < k:
            j = r.randrange(n)
            if j != i and j not in targets:
                targets.append(j)
        meta.append((sec, stem, date, tags, targets))

    titles = {}
    for lang in langs:
        titles[lang] = [Text(lang, random.Random(f"{seed}/title/{lang}/{i}")).title() for i in range(n)]

    # site config + layouts
    write(os.path.join(hroot, "site.toml"), HUONG_SITE_TOML)
    rss = "" if a.hugo_rss_limit < 0 else f"rssLimit = {a.hugo_rss_limit}\n"
    write(os.path.join(groot, "config.toml"), HUGO_CONFIG_TOML.format(rss_limit=rss))
    for rel, text in HUGO_LAYOUTS.items():
        write(os.path.join(groot, "layouts", rel), text)
    write(os.path.join(zroot, "config.toml"), ZOLA_CONFIG_TOML)
    for rel, text in ZOLA_TEMPLATES.items():
        write(os.path.join(zroot, "templates", rel), text)

    hc, gc = os.path.join(hroot, "content"), os.path.join(groot, "content")
    zc = os.path.join(zroot, "content")
    # Zola names the default language's files without a language: `_index.md`, `STEM.md`.
    zname = lambda stem, lang: f"{stem}.md" if lang == "vi" else f"{stem}.{lang}.md"
    for lang in langs:
        title, intro = HOME[lang]
        fm = front_matter([("title", toml_str(title))])
        write(os.path.join(hc, f"_index.{lang}.md"), fm + "\n" + intro + "\n")
        write(os.path.join(gc, f"_index.{lang}.md"), fm + "\n" + intro + "\n")
        write(os.path.join(zc, zname("_index", lang)), fm + "\n" + intro + "\n")
        for sec, vi_t, en_t in sections:
            st = vi_t if lang == "vi" else en_t
            body = "\n" + SECTION_INTRO[lang].format(st) + "\n"
            write(os.path.join(hc, sec, f"_index.{lang}.md"),
                  front_matter([("title", toml_str(st)), ("sort_by", '"date"'), ("paginate_by", "20")]) + body)
            write(os.path.join(gc, sec, f"_index.{lang}.md"),
                  front_matter([("title", toml_str(st))]) + body)
            zfields = [("title", toml_str(st)), ("sort_by", '"date"'), ("paginate_by", "20"),
                       ("generate_feeds", "true")]
            write(os.path.join(zc, sec, zname("_index", lang)), front_matter(zfields) + body)

    words = 0
    for i, (sec, stem, date, tags, targets) in enumerate(meta):
        links = [(meta[j][0], meta[j][1], j) for j in targets]
        for lang in langs:
            body, w = gen_body(lang, random.Random(f"{seed}/body/{lang}/{i}"), links, titles[lang])
            words += w
            ltags = [TAGS[t][0 if lang == "vi" else 1] for t in tags]
            fields = [("title", toml_str(titles[lang][i])), ("date", date.isoformat())]
            write(os.path.join(hc, sec, f"{stem}.{lang}.md"),
                  front_matter(fields, ltags, huong=True) + "\n" + body)
            write(os.path.join(gc, sec, f"{stem}.{lang}.md"),
                  front_matter(fields, ltags, huong=False) + "\n" + hugo_links(body, lang, a.hugo_links))
            write(os.path.join(zc, sec, zname(stem, lang)),
                  front_matter(fields, ltags, huong=True) + "\n" + zola_links(body, lang))

    print(f"gen_corpus: {n} articles x 2 languages, {len(sections)} sections, "
          f"{len(TAGS)} tags, avg {words / (2 * n):.0f} words/article -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
