from kepil.cli.main import app

app()
