"""The demo's stories are written in `community/stories/demo_data/*.toml`; the seeder checks them."""

import shutil

import pytest

from community.stories.demo import DATA_DIR, DemoDataError, load_stories


def test_every_story_files_under_known_products_and_has_distinct_slug():
    stories = load_stories()
    plans = [
        *stories.team_stories,
        *stories.partner_stories,
        *stories.partner_articles,
        stories.waiting,
        stories.sent_back,
    ]
    products = {slug for _, slug in stories.products}

    assert len({plan.slug for plan in plans}) == len(plans) == 13
    assert all(set(plan.products) <= products for plan in plans)
    assert all(plan.body for plan in plans)


def test_long_text_joined_by_line_ending_backslashes_reads_as_one_line():
    stories = load_stories()

    assert "\n" not in stories.partner.about
    assert stories.partner.about.startswith("<p>Fjord Consulting helps marketing teams")
    assert "</p><p>Twelve consultants" in stories.partner.about


def test_a_mistyped_key_is_refused_with_its_file_and_entry(tmp_path):
    data = tmp_path / "demo_data"
    shutil.copytree(DATA_DIR, data)
    articles = data / "partner-articles.toml"
    articles.write_text(articles.read_text().replace("recommenders = 4", "recommendors = 4", 1))

    with pytest.raises(DemoDataError) as refused:
        load_stories(data)

    assert "partner-articles.toml, five-checks-before-you-connect-your-crm" in str(refused.value)
    assert "recommendors" in str(refused.value)


def test_a_block_of_an_unknown_type_is_refused(tmp_path):
    data = tmp_path / "demo_data"
    shutil.copytree(DATA_DIR, data)
    team = data / "team-stories.toml"
    team.write_text(team.read_text().replace('type = "results"', 'type = "result"', 1))

    with pytest.raises(DemoDataError, match="team-stories.toml, lumen-retail-abandoned-carts"):
        load_stories(data)
