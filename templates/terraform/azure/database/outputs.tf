output "server_name" {
  description = "Name of the PostgreSQL Flexible Server."
  value       = azurerm_postgresql_flexible_server.this.name
}

output "fqdn" {
  description = "Host name of the server (resolvable and reachable from its virtual network only)."
  value       = azurerm_postgresql_flexible_server.this.fqdn
}

output "database_name" {
  description = "Name of the application database."
  value       = azurerm_postgresql_flexible_server_database.app.name
}

output "admin_login" {
  description = "Administrator login (the password is never output)."
  value       = azurerm_postgresql_flexible_server.this.administrator_login
}
