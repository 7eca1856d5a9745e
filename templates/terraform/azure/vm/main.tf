# A Debian 12 Linux VM that admits SSH only, with keys or Microsoft Entra ID sign-in (no passwords):
# `az ssh vm` signs in with your Entra account; the generated key pair is the way in without Entra, and
# its private half is kept in a Key Vault of the deployment, never in an output or a message.
# Credentials come from ARM_CLIENT_ID / ARM_CLIENT_SECRET / ARM_TENANT_ID in the runner's environment,
# never from this file.

terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.9.0, <= 4.55.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6.0, <= 3.7.2"
    }
    tls = {
      source  = "hashicorp/tls"
      version = ">= 4.0.1, <= 4.1.0"
    }
  }
}

locals {
  tags = merge(var.labels, { "managed-by" = "cloud-chatops", "name" = var.name })
  # Arm sizes carry a lowercase "p" among their feature letters (Standard_D2ps_v5, Standard_B2pts_v2).
  arm = can(regex("^Standard_[A-Z]+[0-9]+[a-z]*p[a-z]*_v[0-9]+$", var.machine_type))
}

# The kind is part of the name, so that a VM and a cluster of the same name get separate groups.
resource "azurerm_resource_group" "this" {
  name     = "rg-${var.name}-vm"
  location = var.region
  tags     = local.tags
}

resource "azurerm_virtual_network" "this" {
  name                = "vnet-${var.name}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  address_space       = ["10.30.0.0/16"]
  tags                = local.tags
}

resource "azurerm_subnet" "this" {
  name                 = "vms"
  resource_group_name  = azurerm_resource_group.this.name
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = ["10.30.1.0/24"]
}

# SSH is the only way in; password sign-in is off, so only the key pair or Entra ID get through.
# Everything else falls to Azure's built-in DenyAllInBound rule.
resource "azurerm_network_security_group" "this" {
  name                = "nsg-${var.name}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags

  security_rule {
    name                       = "allow-ssh"
    priority                   = 1000
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}

resource "azurerm_subnet_network_security_group_association" "this" {
  subnet_id                 = azurerm_subnet.this.id
  network_security_group_id = azurerm_network_security_group.this.id
}

# A Standard public IP: SSH in (through the NSG) and package updates out.
resource "azurerm_public_ip" "this" {
  name                = "pip-${var.name}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  allocation_method   = "Static"
  sku                 = "Standard"
  tags                = local.tags
}

resource "azurerm_network_interface" "this" {
  name                = "nic-${var.name}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags

  ip_configuration {
    name                          = "primary"
    subnet_id                     = azurerm_subnet.this.id
    private_ip_address_allocation = "Dynamic"
    public_ip_address_id          = azurerm_public_ip.this.id
  }
}

# The private key goes to the Key Vault below (and the Terraform state, which the runner keeps private);
# only the public key is an output.
resource "tls_private_key" "ssh" {
  algorithm = "RSA"
  rsa_bits  = 4096
}

resource "azurerm_linux_virtual_machine" "this" {
  name                  = var.name
  location              = azurerm_resource_group.this.location
  resource_group_name   = azurerm_resource_group.this.name
  size                  = var.machine_type
  network_interface_ids = [azurerm_network_interface.this.id]
  tags                  = local.tags

  # Entra ID sign-in (the extension below) authenticates as the VM's own identity.
  identity {
    type = "SystemAssigned"
  }

  # Managed boot diagnostics: the serial log and screenshot in the portal when the VM does not come up.
  boot_diagnostics {}

  admin_username                  = "azureuser"
  disable_password_authentication = true

  admin_ssh_key {
    username   = "azureuser"
    public_key = tls_private_key.ssh.public_key_openssh
  }

  os_disk {
    name                 = "osdisk-${var.name}"
    caching              = "ReadWrite"
    storage_account_type = "StandardSSD_LRS"
  }

  source_image_reference {
    publisher = "Debian"
    offer     = "debian-12"
    sku       = local.arm ? "12-arm64" : "12-gen2"
    version   = "latest"
  }

  depends_on = [azurerm_subnet_network_security_group_association.this]
}

# `az ssh vm` with your Entra ID account; needs the Virtual Machine Administrator Login (or User Login) role.
resource "azurerm_virtual_machine_extension" "entra_ssh" {
  name                       = "AADSSHLoginForLinux"
  virtual_machine_id         = azurerm_linux_virtual_machine.this.id
  publisher                  = "Microsoft.Azure.ActiveDirectory"
  type                       = "AADSSHLoginForLinux"
  type_handler_version       = "1.0"
  auto_upgrade_minor_version = true
  tags                       = local.tags
}

data "azurerm_client_config" "current" {}

# Vault names are global: 3-24 letters and digits here, so the name is shortened and given a suffix.
resource "random_string" "vault" {
  length  = 6
  upper   = false
  special = false
}

# Access policies rather than Azure RBAC: they take effect at once (a role assignment can take minutes,
# failing the secret write on a first deploy) and need no right to assign roles.
resource "azurerm_key_vault" "this" {
  name                       = "kv${substr(replace(var.name, "-", ""), 0, 14)}${random_string.vault.result}"
  location                   = azurerm_resource_group.this.location
  resource_group_name        = azurerm_resource_group.this.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  soft_delete_retention_days = 7
  purge_protection_enabled   = false
  tags                       = local.tags

  # Whoever deploys (the bot's credentials) may write and, on destroy, purge the secret.
  access_policy {
    tenant_id          = data.azurerm_client_config.current.tenant_id
    object_id          = data.azurerm_client_config.current.object_id
    secret_permissions = ["Get", "List", "Set", "Delete", "Purge", "Recover"]
  }
}

resource "azurerm_key_vault_secret" "ssh_private_key" {
  name         = "ssh-private-key"
  value        = tls_private_key.ssh.private_key_openssh
  key_vault_id = azurerm_key_vault.this.id
  content_type = "OpenSSH private key for azureuser"
}
