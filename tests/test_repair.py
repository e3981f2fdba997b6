"""PDFium as the second reader: a repaired, decrypted copy, or the true reason it cannot open a file."""
import pdfplumber
import pytest

from pipeline.pdf.repair import RepairFailed, repaired_copy

REAL_WORLD = __import__("pathlib").Path(__file__).parent / "data" / "real-world"


def test_the_copy_of_an_aes256_file_opens_in_pdfminer_and_is_removed_afterwards():
    with repaired_copy(REAL_WORLD / "encrypted-attachment.pdf") as copy:
        with pdfplumber.open(copy) as pdf:
            assert pdf.pages[0].extract_text() == "Example"
    assert not copy.exists()


def test_the_copy_of_a_file_whose_page_tree_pdfminer_cannot_walk_has_its_page():
    with pdfplumber.open(REAL_WORLD / "issue-297-example.pdf") as pdf:
        assert len(pdf.pages) == 0
    with repaired_copy(REAL_WORLD / "issue-297-example.pdf") as copy, pdfplumber.open(copy) as pdf:
        assert len(pdf.pages) == 1


def test_a_file_pdfium_cannot_open_either_gives_the_reason_and_what_to_do(tmp_path):
    with pytest.raises(RepairFailed, match="password is required"):
        with repaired_copy(REAL_WORLD / "password-example.pdf"):
            pass
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    with pytest.raises(RepairFailed, match="damaged or truncated PDF"):
        with repaired_copy(tmp_path / "cut.pdf"):
            pass
