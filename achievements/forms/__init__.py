"""Forms validate and shape input for the services; they never save."""
