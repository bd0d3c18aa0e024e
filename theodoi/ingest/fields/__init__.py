"""Field recognisers: what one cell or one phrase of a plan says (an agency, a deadline,
a target figure), whatever layout it was found in."""
