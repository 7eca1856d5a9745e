output "server_name" {
  description = "Name of the PostgreSQL Flexible Server."
  value       = azurerm_postgresql_flexible_server.this.name
}

output "resource_group" {
  description = "Resource group holding the server."
  value       = azurerm_resource_group.this.name
}

output "fqdn" {
  description = "Host name of the server (reachable from the addresses you allow, see allow_my_ip_command)."
  value       = azurerm_postgresql_flexible_server.this.fqdn
}

output "database_name" {
  description = "Name of the application database."
  value       = azurerm_postgresql_flexible_server_database.app.name
}

output "admin_login" {
  description = "Administrator login."
  value       = azurerm_postgresql_flexible_server.this.administrator_login
}

output "password_secret" {
  description = "Key Vault secret holding the administrator password (where it is, not the password)."
  value       = "${azurerm_key_vault.this.name}/${azurerm_key_vault_secret.admin_password.name}"
}

output "password_command" {
  description = "How to read the password (your account needs a Get access policy on the vault)."
  value       = "az keyvault secret show --vault-name ${azurerm_key_vault.this.name} --name ${azurerm_key_vault_secret.admin_password.name} --query value --output tsv"
}

output "allow_my_ip_command" {
  description = "Admits your current public IP through the server's firewall (run it from the machine you connect from)."
  value       = "az postgres flexible-server firewall-rule create --resource-group ${azurerm_resource_group.this.name} --name ${azurerm_postgresql_flexible_server.this.name} --rule-name my-ip --start-ip-address $(curl -s https://api.ipify.org)"
}

output "psql_command" {
  description = "How to connect (psql asks for the password)."
  value       = "psql \"host=${azurerm_postgresql_flexible_server.this.fqdn} port=5432 dbname=${azurerm_postgresql_flexible_server_database.app.name} user=${azurerm_postgresql_flexible_server.this.administrator_login} sslmode=require\""
}
