"""Dialogs: master data add/edit/deactivate."""
