# Every value below is set by the bot in terraform.tfvars.json; none is ever written into these files.

variable "name" {
  type        = string
  description = "Prefix of the bucket name; a random suffix makes it globally unique."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,15}$", var.name))
    error_message = "The name must be 1-16 lowercase letters or digits and start with a letter (it prefixes the storage account name)."
  }
}
