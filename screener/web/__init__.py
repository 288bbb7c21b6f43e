"""What every request passes through: security headers, logs, error pages, templating,
the health check, and the contacts every page may show."""
