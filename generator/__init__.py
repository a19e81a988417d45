"""Turns the catalog of secret types into tested snippets, playbook pages and a JSON export."""
