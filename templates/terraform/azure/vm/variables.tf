# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Name of the VM; also the prefix of its network resources."

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,57}[a-z0-9])?$", var.name))
    error_message = "The name must be 1-59 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit."
  }
}

variable "machine_type" {
  type        = string
  description = "Azure VM size."

  validation {
    condition     = can(regex("^Standard_[A-Za-z0-9_-]+$", var.machine_type))
    error_message = "The machine_type must be an Azure VM size starting with Standard_."
  }
}
