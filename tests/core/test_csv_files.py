from community.core.csv_files import csv_download, safe_cell


def test_a_download_named_in_any_script_keeps_its_name():
    response = csv_download("asistentes-São-Paulo-東京.csv", ["Name"], [["Ana"]])

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''asistentes-S%C3%A3o-Paulo-%E6%9D%B1%E4%BA%AC.csv"
    )


def test_a_plain_name_is_quoted_as_browsers_expect():
    response = csv_download("registrations.csv", ["Name"], [])

    assert response["Content-Disposition"] == 'attachment; filename="registrations.csv"'
    assert response["Cache-Control"] == "private, no-store"


def test_rows_open_in_a_spreadsheet_with_names_intact_and_formulas_as_text():
    response = csv_download("people.csv", ["Name", "Note"], [["Zoë 陳", safe_cell("=1+1")]])

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffName,Note")
    assert "Zoë 陳,'=1+1" in text
