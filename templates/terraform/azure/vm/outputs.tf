output "vm_name" {
  description = "Name of the VM."
  value       = azurerm_linux_virtual_machine.this.name
}

output "resource_group" {
  description = "Resource group holding the VM and its network."
  value       = azurerm_resource_group.this.name
}

output "public_ip" {
  description = "Public IP of the VM (the NSG admits SSH only)."
  value       = azurerm_public_ip.this.ip_address
}

output "private_ip" {
  description = "Private IP of the VM inside its virtual network."
  value       = azurerm_linux_virtual_machine.this.private_ip_address
}

output "ssh_command" {
  description = "Sign in with your Microsoft Entra ID account (needs the Virtual Machine Administrator Login role)."
  value       = "az ssh vm --resource-group ${azurerm_resource_group.this.name} --name ${azurerm_linux_virtual_machine.this.name}"
}

output "ssh_key_secret" {
  description = "Key Vault secret holding the private SSH key of azureuser (where it is, not the key)."
  value       = "${azurerm_key_vault.this.name}/${azurerm_key_vault_secret.ssh_private_key.name}"
}

output "ssh_key_command" {
  description = "Without Entra ID: fetch the key (your account needs a Get access policy on the vault) and sign in."
  value       = "az keyvault secret show --vault-name ${azurerm_key_vault.this.name} --name ${azurerm_key_vault_secret.ssh_private_key.name} --query value --output tsv > ${azurerm_linux_virtual_machine.this.name}.key && chmod 600 ${azurerm_linux_virtual_machine.this.name}.key && ssh -i ${azurerm_linux_virtual_machine.this.name}.key azureuser@${azurerm_public_ip.this.ip_address}"
}

output "ssh_public_key" {
  description = "Public half of the VM's SSH key."
  value       = tls_private_key.ssh.public_key_openssh
}
