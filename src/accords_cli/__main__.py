from accords_cli.cli import main

main()
