from django.test import Client


def test_demo_mode_lists_the_demo_accounts_on_the_login_page(db, settings):
    settings.DEMO_MODE = True
    page = Client().get("/login/").content.decode()
    assert "dh.procurator" in page and "demo-pass-2026" in page


def test_production_login_page_shows_no_accounts_or_password(db, settings):
    settings.DEMO_MODE = False
    page = Client().get("/login/").content.decode()
    assert "dh.procurator" not in page and "demo-pass-2026" not in page
