# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Name of the VM; also the prefix of its network resources."

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,43}[a-z0-9])?$", var.name)) && !strcontains(var.name, "--")
    error_message = "The name must be 1-45 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit, without two hyphens in a row."
  }
}

variable "machine_type" {
  type        = string
  description = "EC2 instance type of the VM."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*[.][a-z0-9]+$", var.machine_type))
    error_message = "The machine_type must be an EC2 instance type."
  }
}
