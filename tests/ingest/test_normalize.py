from theodoi.ingest.normalize import fix_ocr_line, normalize, normalize_tone


def test_tone_placement_uses_one_convention():
    assert (
        normalize_tone("hoà, khoẻ, thuỷ, Uỷ ban, quý, hoàn") == "hòa, khỏe, thủy, Ủy ban, quý, hoàn"
    )


def test_ocr_numbering_and_number_label_are_fixed():
    assert fix_ocr_line("Il. CAC CHI TIEU").startswith("II.")
    assert fix_ocr_line("I11. NHIEM VU CU THE").startswith("III.")
    assert fix_ocr_line("S6: 57 /KH-UBND").startswith("Số:")
    assert fix_ocr_line("Pé an 06").startswith("Đé an")


def test_broken_lines_of_a_paragraph_are_joined_and_lines_mapped():
    text = "I. NHIỆM VỤ\n\n1. Tăng cường công tác tuyên truyền về chuyển đổi số cho cán bộ, công chức\n\nvà người dân trên địa bàn.\n"
    norm = normalize(text)
    texts = [ln.text for ln in norm.lines]
    assert texts[1].endswith("và người dân trên địa bàn.")
    assert (norm.lines[1].start, norm.lines[1].end) == (3, 5)


def test_page_numbers_and_recipients_are_set_apart():
    text = "I. MỤC TIÊU\n1. Nội dung thứ nhất\n7\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\n"
    norm = normalize(text)
    tags = {ln.text: ln.tag for ln in norm.lines}
    assert tags["7"] == "page"
    assert tags["- UBND tỉnh;"] == "recipients"
    assert tags["TM. ỦY BAN NHÂN DÂN"] == "signature"
