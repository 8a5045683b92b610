from participation import create_app

app = create_app()
