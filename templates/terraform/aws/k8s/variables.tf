# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Name of the Kubernetes cluster; also the prefix of its supporting resources."

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,35}[a-z0-9])?$", var.name)) && !strcontains(var.name, "--")
    error_message = "The name must be 1-37 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit, without two hyphens in a row."
  }
}

variable "machine_type" {
  type        = string
  description = "EC2 instance type of each node."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*[.][a-z0-9]+$", var.machine_type))
    error_message = "The machine_type must be an EC2 instance type."
  }
}

variable "node_count" {
  type        = number
  description = "Number of worker nodes."

  validation {
    condition     = var.node_count >= 1 && var.node_count <= 10 && floor(var.node_count) == var.node_count
    error_message = "The node_count must be a whole number from 1 to 10."
  }
}
