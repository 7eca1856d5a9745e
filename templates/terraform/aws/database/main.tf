# An RDS for PostgreSQL instance in a VPC of its own. It has a public address, but its security group
# admits nobody until you add your IP; PostgreSQL 16 on RDS accepts only TLS connections (rds.force_ssl).
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) in the runner's
# environment, never from this file.

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.33.0, <= 5.100.0"
    }
  }
}

# Available zones that need no opt-in; RDS wants a subnet in two of them.
data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

# A VPC of its own (accounts without a default VPC are common), with two public subnets, so that the
# database can be reached from your machine once you add your IP to its security group.
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "${var.name}-db"
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "${var.name}-db"
  }
}

resource "aws_subnet" "public" {
  count = 2

  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 4, count.index)
  availability_zone = sort(data.aws_availability_zones.available.names)[count.index]

  tags = {
    Name = "${var.name}-db-public-${count.index}"
  }

  lifecycle {
    # Chosen at the first deploy; a later change in the zone list must not replace the subnets.
    ignore_changes = [availability_zone]
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = {
    Name = "${var.name}-db-public"
  }
}

resource "aws_route_table_association" "public" {
  count = 2

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_db_subnet_group" "this" {
  name       = "${var.name}-db"
  subnet_ids = aws_subnet.public[*].id
}

# Admits nothing until you add your own address (see the allow_my_ip_command output).
resource "aws_security_group" "db" {
  name        = "${var.name}-db"
  description = "cloud-chatops Postgres: no inbound rule until you add your IP"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${var.name}-db"
  }
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = "postgres"
  engine_version = "16"
  instance_class = var.machine_type
  db_name        = "app"
  username       = "chatops_admin"
  # RDS generates the password and keeps it in Secrets Manager; it never passes through Terraform or Discord.
  manage_master_user_password = true

  allocated_storage     = 20
  max_allocated_storage = 100
  storage_type          = "gp3"
  storage_encrypted     = true

  publicly_accessible    = true
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]

  backup_retention_period    = 7
  auto_minor_version_upgrade = true
  copy_tags_to_snapshot      = true

  # Teardown happens through /cloud-destroy, which shows what goes away and asks for confirmation first.
  # A final snapshot would need a unique name per destroy and keep costing money after the database is gone.
  deletion_protection = false
  skip_final_snapshot = true

  depends_on = [aws_route_table_association.public]
}
