from django.core.management import call_command


def test_every_model_change_has_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_casequality_command_lists_django_commands(capsys):
    from casequality.cli import main

    main(["help"])
    assert "migrate" in capsys.readouterr().out
