import pytest
from django.core.management import call_command


def test_every_model_change_has_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_casequality_command_lists_django_commands(capsys):
    from casequality.cli import main

    main(["help"])
    assert "migrate" in capsys.readouterr().out


def test_a_user_facing_error_a_command_lets_through_ends_with_its_message_and_status_1(capsys):
    from casequality.cli import main

    code = "from casequality.errors import CasequalityError; raise CasequalityError('cases[3].ref: empty')"
    with pytest.raises(SystemExit) as exited:
        main(["shell", "--no-imports", "-c", code])
    assert (exited.value.code, capsys.readouterr().err) == (1, "Error: cases[3].ref: empty\n")
