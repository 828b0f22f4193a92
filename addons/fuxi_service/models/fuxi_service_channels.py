"""How a guest reached us: shared by complaints and support requests."""

CHANNELS = [
    ("in_person", "In Person"),
    ("phone", "Phone"),
    ("online", "Online"),
    ("letter", "Letter"),
]
