from healthsink.cli import main

raise SystemExit(main())
