"""The analysis stage: entities, quotes with speakers, key figures and cross-source agreement for a digest."""
