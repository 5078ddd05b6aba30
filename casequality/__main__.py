from casequality.cli import main

main()
