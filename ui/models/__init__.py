"""Qt item models over the book's paged lists."""
