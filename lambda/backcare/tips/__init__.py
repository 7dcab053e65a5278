"""Back-care tips, never repeated for a user until all have been heard."""
