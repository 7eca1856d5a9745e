output "storage_account_name" {
  description = "Name of the storage account."
  value       = azurerm_storage_account.this.name
}

output "container_name" {
  description = "Name of the private blob container."
  value       = azurerm_storage_container.data.name
}

output "container_url" {
  description = "URL of the container (private: requests need Azure AD or a SAS)."
  value       = "${azurerm_storage_account.this.primary_blob_endpoint}${azurerm_storage_container.data.name}"
}

output "list_command" {
  description = "How to list the container (needs the Storage Blob Data Reader role; az storage blob upload uploads)."
  value       = "az storage blob list --auth-mode login --account-name ${azurerm_storage_account.this.name} --container-name ${azurerm_storage_container.data.name} --output table"
}
