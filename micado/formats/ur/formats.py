# Urdu (Django has no module): decimal ".", thousands ",", grouped in threes.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
