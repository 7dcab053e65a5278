"""The massage business's own profile: services, prices, hours, booking."""
