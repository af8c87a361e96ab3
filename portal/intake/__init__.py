"""Public intake of complaints and reports (投诉举报): the rules behind /report/ and /track/."""
