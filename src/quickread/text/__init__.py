"""Text handling: normalisation, datelines, boilerplate, sentence splitting."""
