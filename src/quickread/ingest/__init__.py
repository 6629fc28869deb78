"""Reading articles from files, standard input, JSON records and HTML pages."""
