"""Vietnamese wordings for the synthetic data on the real nation: which standard agencies lead
the work, task groups, task and indicator wordings. Everything generated from them is marked
"mô phỏng"."""

from __future__ import annotations

# The seven groups of tasks of Resolution 57-NQ/TW.
GROUPS = [
    "Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ",
    "Khẩn trương, quyết liệt hoàn thiện thể chế; xóa bỏ mọi tư tưởng, quan niệm, rào cản",
    "Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ, đổi mới sáng tạo và "
    "chuyển đổi số",
    "Phát triển, trọng dụng nhân tài, nhân lực chất lượng cao",
    "Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan trong hệ thống chính trị",
    "Thúc đẩy mạnh mẽ hoạt động khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
    "trong doanh nghiệp",
    "Tăng cường hợp tác quốc tế trong phát triển khoa học, công nghệ, đổi mới sáng tạo và "
    "chuyển đổi số",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]

# Task wordings per group; "{ubnd}" is the place ("trên địa bàn xã Tân Phú").
TASKS = [
    [
        "Tổ chức quán triệt, tuyên truyền Nghị quyết số 57-NQ/TW {noi}",
        "Xây dựng chuyên mục về khoa học, công nghệ và chuyển đổi số trên cổng thông tin {noi}",
        "Đưa nội dung chuyển đổi số vào sinh hoạt chi bộ, hội nghị cán bộ {noi}",
        "Phát động phong trào thi đua đổi mới sáng tạo, chuyển đổi số {noi}",
        "Sơ kết, đánh giá kết quả thực hiện Nghị quyết số 57-NQ/TW {noi}",
    ],
    [
        "Rà soát, đề xuất sửa đổi quy định cản trở chuyển đổi số {noi}",
        "Ban hành quy chế quản lý, vận hành hệ thống thông tin dùng chung {noi}",
        "Rà soát, cắt giảm, đơn giản hóa thủ tục hành chính {noi}",
        "Xây dựng cơ chế khuyến khích cán bộ dám nghĩ, dám làm {noi}",
        "Hoàn thiện quy trình nội bộ giải quyết thủ tục hành chính trên môi trường điện tử {noi}",
    ],
    [
        "Nâng cấp hạ tầng mạng, thiết bị đầu cuối cho cơ quan {noi}",
        "Phủ sóng di động 4G/5G đến các thôn, khu phố {noi}",
        "Đầu tư hệ thống camera giám sát an ninh trật tự {noi}",
        "Triển khai kết nối mạng truyền số liệu chuyên dùng {noi}",
        "Bảo đảm an toàn, an ninh mạng cho hệ thống thông tin {noi}",
    ],
    [
        "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức {noi}",
        "Kiện toàn tổ công nghệ số cộng đồng {noi}",
        "Tổ chức phổ cập kỹ năng số cho người dân {noi}",
        "Bố trí cán bộ chuyên trách công nghệ thông tin {noi}",
        "Tuyển chọn, bồi dưỡng nhân lực chất lượng cao về chuyển đổi số {noi}",
    ],
    [
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính {noi}",
        "Cung cấp dịch vụ công trực tuyến toàn trình {noi}",
        "Làm sạch, cập nhật dữ liệu dân cư, đất đai {noi}",
        "Triển khai ứng dụng VNeID trong giải quyết thủ tục hành chính {noi}",
        "Vận hành hệ thống quản lý văn bản và điều hành, chữ ký số {noi}",
        "Thanh toán trực tuyến phí, lệ phí thủ tục hành chính {noi}",
    ],
    [
        "Hỗ trợ doanh nghiệp, hộ kinh doanh chuyển đổi số {noi}",
        "Đưa sản phẩm OCOP, nông sản lên sàn thương mại điện tử {noi}",
        "Phát triển thanh toán không dùng tiền mặt {noi}",
        "Ứng dụng công nghệ trong sản xuất nông nghiệp {noi}",
        "Hỗ trợ hợp tác xã ứng dụng công nghệ số trong quản lý {noi}",
    ],
    [
        "Học tập kinh nghiệm chuyển đổi số của các địa phương tiêu biểu {noi}",
        "Kết nối, hợp tác với doanh nghiệp công nghệ {noi}",
        "Tham gia các diễn đàn, chương trình hợp tác về đổi mới sáng tạo {noi}",
    ],
]

OUTPUTS = [
    "Kế hoạch, văn bản triển khai",
    "Báo cáo kết quả thực hiện",
    "Hệ thống được đưa vào vận hành",
    "Quyết định ban hành",
    "Danh sách, số liệu cập nhật",
]

# (name, unit of measure, op, target value)
INDICATORS = [
    ("Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", "%", ">=", 80),
    ("Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", ">=", 80),
    ("Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa", "%", ">=", 100),
    ("Tỷ lệ người dân trưởng thành có tài khoản định danh điện tử mức 2", "%", ">=", 90),
    ("Tỷ lệ hộ gia đình có kết nối internet cáp quang", "%", ">=", 85),
    ("Tỷ lệ thôn, khu phố được phủ sóng 4G/5G", "%", ">=", 100),
    ("Tỷ lệ cán bộ, công chức được bồi dưỡng kỹ năng số", "%", ">=", 100),
    ("Tỷ lệ văn bản trao đổi dưới dạng điện tử", "%", ">=", 95),
    ("Tỷ lệ giao dịch thanh toán không dùng tiền mặt", "%", ">=", 70),
    ("Số sản phẩm OCOP được đưa lên sàn thương mại điện tử", "sản phẩm", ">=", 10),
    ("Số tổ công nghệ số cộng đồng hoạt động hiệu quả", "tổ", ">=", 5),
    ("Tỷ lệ hồ sơ trễ hạn giải quyết", "%", "<=", 2),
    ("Số vụ mất an toàn thông tin mạng", "vụ", "<=", 0),
    ("Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử", "%", ">=", 100),
    ("Tỷ lệ người dân có kỹ năng số cơ bản", "%", ">=", 70),
    ("Tỷ lệ hộ kinh doanh sử dụng thanh toán điện tử", "%", ">=", 60),
    ("Tỷ lệ trường học triển khai sổ điểm điện tử", "%", ">=", 100),
    ("Tỷ lệ người dân có hồ sơ sức khỏe điện tử", "%", ">=", 90),
    ("Tỷ lệ camera giám sát được kết nối trung tâm", "%", ">=", 80),
    ("Số lớp phổ cập kỹ năng số được tổ chức", "lớp", ">=", 12),
    ("Tỷ lệ chi ngân sách cho khoa học, công nghệ và chuyển đổi số", "%", ">=", 3),
    ("Tỷ lệ thủ tục hành chính có phí được thanh toán trực tuyến", "%", ">=", 50),
    ("Tỷ lệ hồ sơ đất đai được số hóa", "%", ">=", 100),
    ("Số mô hình chuyển đổi số tiêu biểu", "mô hình", ">=", 2),
    ("Có cổng thông tin điện tử hoạt động ổn định", "", "text", None),
]

# The catalogue agencies (theodoi/units/data/agency_catalogue.json keys) that lead the synthetic
# plans' work, the first of each list being the office reports go to. A commune's
# "phong-kinh-te" is "phong-kinh-te-ha-tang-va-do-thi" in a ward or special zone.
NATIONAL_AGENCY_KEYS = [
    "van-phong-chinh-phu",
    "bo-khoa-hoc-va-cong-nghe",
    "bo-cong-an",
    "bo-tai-chinh",
    "bo-giao-duc-va-dao-tao",
    "bo-y-te",
    "bo-noi-vu",
    "bo-quoc-phong",
    "bo-cong-thuong",
    "bo-xay-dung",
    "bo-tu-phap",
    "bo-nong-nghiep-va-moi-truong",
    "bo-van-hoa-the-thao-va-du-lich",
    "bo-ngoai-giao",
    "ngan-hang-nha-nuoc-viet-nam",
]
PROVINCE_AGENCY_KEYS = [
    "van-phong-uy-ban-nhan-dan-tinh",
    "so-khoa-hoc-va-cong-nghe",
    "so-noi-vu",
    "so-tai-chinh",
    "so-giao-duc-va-dao-tao",
    "so-y-te",
    "so-cong-thuong",
    "so-xay-dung",
    "so-nong-nghiep-va-moi-truong",
    "so-van-hoa-the-thao-va-du-lich",
    "cong-an-tinh",
]
COMMUNE_AGENCY_KEYS = [
    "van-phong-hdnd-va-ubnd-xa",
    "phong-van-hoa-xa-hoi",
    "phong-kinh-te",
    "trung-tam-phuc-vu-hanh-chinh-cong-xa",
    "cong-an-xa",
]
WARD_KEYS = {"phong-kinh-te": "phong-kinh-te-ha-tang-va-do-thi"}
