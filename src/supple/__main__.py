from supple.main import main

main()
