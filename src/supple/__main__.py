from supple.cli.main import main

main()
