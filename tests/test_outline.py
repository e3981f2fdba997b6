from pipeline.pdf.layout import Line
from pipeline.structure.outline import find_contents_page, parse_contents, title_match


def line(i, page, text, x0, top, leaf, size=10.0, bold=True):
    return Line(id=i, page=page, text=text, x0=x0, top=top, x1=x0 + 300, bottom=top + size, size=size, bold=bold,
                block=f"b{leaf:04d}", leaf=leaf, header=False, paragraph_start=True, words=[])


def contents_lines():
    entries = [(60, "Introduction"), (60, "Partie 1 : La place de l’IAE"), (75, "Formalisation d’une volonté"),
               (60, "Partie 2 : Les grands types"), (75, "Axe 1 : Soutien à l’emploi"),
               (90, "Aides à la formation ou à la mise en place d’une gestion prévisionnelle des emplois et des"),
               (90, "compétences (GPEC)"), (60, "Pistes pour développer")]
    numbers = {0: "3", 1: "4", 2: "4", 3: "8", 4: "9", 6: "15", 7: "24"}
    lines = [line(0, 2, "SOMMAIRE", 60, 50, 0, size=22)]
    for i, (x0, text) in enumerate(entries):
        lines.append(line(len(lines), 2, text, x0, 100 + 15 * i, 1))
    for i, number in numbers.items():
        lines.append(line(len(lines), 2, number, 520, 100 + 15 * i, 2))
    return lines + [line(len(lines), 26, "Fin du document", 60, 100, 3, bold=False)]


def test_contents_page_is_where_page_numbers_stack():
    assert find_contents_page(contents_lines()) == 2
    assert find_contents_page(contents_lines()[:5]) is None
    assert find_contents_page(contents_lines()[:-1]) is None  # entries pointing past the end of the document


def test_contents_levels_numbers_and_wrapped_titles():
    headings = parse_contents(contents_lines(), 2, tolerance=5)
    assert [(h.level, h.number, h.contents_page) for h in headings] == [
        (1, None, 3), (1, "1", 4), (3, None, 4), (1, "2", 8), (2, "Axe 1", 9), (3, None, 15), (1, None, 24)]
    assert headings[4].title == "Soutien à l’emploi"
    assert headings[5].title.endswith("des emplois et des compétences (GPEC)")


def test_title_match_tolerates_a_number_a_badge_and_a_plural():
    coverage, extra = title_match("Soutien au développement de l’emploi",
                                  "SOUTIEN AU DÉVELOPPEMENT DE L’EMPLOI 8 RÉGIONS")
    assert coverage == 1.0 and extra == len("8regions")
    coverage, _ = title_match("au développement d’activité via des aides",
                              "1 au développement d’activités via des aides")
    assert coverage == 1.0
    assert title_match("Soutien à l’innovation", "Relations avec les autres financeurs")[0] < 0.9


def one_line_entries(join: str) -> list[Line]:
    entries = [(60, "Introduction", 3), (60, "Partie 1 : La place de l’IAE", 4), (75, "Formalisation d’une volonté", 4),
               (60, "Partie 2 : Les grands types", 8), (75, "Axe 1 : Soutien à l’emploi", 9),
               (60, "Pistes pour développer", 24)]
    lines = [line(0, 2, "SOMMAIRE", 60, 50, 0, size=22)]
    for i, (x0, text, page) in enumerate(entries):
        lines.append(line(len(lines), 2, f"{text}{join}{page}", x0, 100 + 15 * i, 1))
    return lines + [line(len(lines), 26, "Fin du document", 60, 100, 2, bold=False)]


def test_contents_with_dot_leaders_or_the_number_after_the_title():
    for join in (" ....................... ", " · · · · ", " "):
        lines = one_line_entries(join)
        assert find_contents_page(lines) == 2, join
        headings = parse_contents(lines, 2, tolerance=5)
        assert [(h.level, h.title, h.contents_page) for h in headings][:2] == [
            (1, "Introduction", 3), (1, "La place de l’IAE", 4)], join
        assert [h.level for h in headings] == [1, 1, 3, 1, 2, 1]


def test_running_text_ending_in_numbers_is_not_a_contents_page():
    """Lines ending in years or in counts that go back are not entries of a contents page."""
    texts = ["Réalisée entre décembre 2012", "et février 2013", "auprès de 19", "régions et de 2", "enfin 5",
             "puis 12"]
    lines = [line(i, 7, t, 60, 100 + 15 * i, 1, bold=False) for i, t in enumerate(texts)]
    assert find_contents_page(lines) is None


def test_a_page_of_counts_beside_names_is_not_a_contents_page():
    """Regression: a table of counts (0, 209, 0 …) beside state names was read as a contents page:
    contents_page = 0 failed the schema (exit 1). Page references start at 1 and never go back."""
    counts = [("Alabama", 0), ("Alaska", 209), ("Arizona", 0), ("Arkansas", 12), ("California", 3), ("Colorado", 40)]
    lines = [line(i, 1, f"{name} {n}", 60, 100 + 15 * i, 1, bold=False) for i, (name, n) in enumerate(counts)]
    assert find_contents_page(lines) is None
