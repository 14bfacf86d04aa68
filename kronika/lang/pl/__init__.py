"""Polish: the data files in this folder are the language knowledge; ``kronika.lang`` reads them."""
