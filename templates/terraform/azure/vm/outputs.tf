output "vm_name" {
  description = "Name of the VM."
  value       = azurerm_linux_virtual_machine.this.name
}

output "resource_group" {
  description = "Resource group holding the VM and its network."
  value       = azurerm_resource_group.this.name
}

output "public_ip" {
  description = "Public IP of the VM (outbound only; the NSG admits nothing from the internet)."
  value       = azurerm_public_ip.this.ip_address
}

output "private_ip" {
  description = "Private IP of the VM inside its virtual network."
  value       = azurerm_linux_virtual_machine.this.private_ip_address
}

output "ssh_public_key" {
  description = "Public half of the VM's SSH key (the private half is never output)."
  value       = tls_private_key.ssh.public_key_openssh
}
