# Arabic: Django's separators (decimal ",", thousands "."), grouped in threes.
NUMBER_GROUPING = 3
