import pytest

from pipeline.structure.regions import RegionIndex, load_regions, name_key


@pytest.fixture(scope="module")
def index():
    return RegionIndex(load_regions())


def test_reference_has_the_27_regions_of_2014(index):
    regions = load_regions()
    assert len(regions) == 27 and len({r.code for r in regions}) == 27
    by_code = {r.code: r for r in regions}
    assert (by_code["54"].name, by_code["54"].code_2016, by_code["54"].name_2016) == \
        ("Poitou-Charentes", "75", "Nouvelle-Aquitaine")
    assert by_code["93"].name == "Provence-Alpes-Côte d'Azur" and by_code["11"].name == "Île-de-France"


@pytest.mark.parametrize("printed,code", [
    ("Ile-De-France", "11"), ("Ile-de France", "11"), ("Ile-de-de-France", "11"), ("IDF", "11"),
    ("PACA", "93"), ("Provence-Alpes-Côte d’Azur", "93"), ("NPC", "31"), ("Nord Pas de Calais", "31"),
    ("Nord-Pas-de-Calais", "31"), ("Haute Normandie", "23"), ("Rhône Alpes", "82"), ("RHONE-ALPES", "82"),
    ("Réunion", "04"), ("La Réunion", "04"), ("Languedoc Roussillon", "91"), ("la Région Lorraine", "41"),
    ("Pays de La Loire", "52"),
])
def test_printed_spellings_resolve(index, printed, code):
    assert index.resolve(printed).code == code


@pytest.mark.parametrize("printed", ["Haute-Corse", "Meurthe-et-Moselle", "Hérault", "Normandie", "France", ""])
def test_places_that_are_not_regions_do_not_resolve(index, printed):
    assert index.resolve(printed) is None


def test_a_list_of_regions_resolves_only_when_every_item_does(index):
    assert [r.code for r in index.resolve_list("Aquitaine, Bretagne et Corse")] == ["72", "53", "94"]
    assert index.resolve_list("Aquitaine, Haute-Corse") is None


def test_prefix_splits_a_region_from_a_title(index):
    region, rest = index.resolve_prefix("Pays de la Loire Deux engagements en faveur de l’IAE")
    assert region.code == "52" and rest == "Deux engagements en faveur de l’IAE"
    assert index.resolve_prefix("Un dispositif régional") is None


def test_name_key_drops_articles_and_repeated_words():
    assert name_key("la Région Ile-de-de-France") == "ile de france"
