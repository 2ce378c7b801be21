# Dari (Django has no module): as Django's Persian (fa) numbers, grouped in threes.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
