# An EC2 instance in a VPC of its own (accounts without a default VPC are common), with no inbound rules
# at all: shells go through SSM Session Manager.
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

data "aws_partition" "current" {}

# Available zones that need no opt-in and offer the instance type (not every zone has every type).
data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_ec2_instance_type_offerings" "this" {
  location_type = "availability-zone"

  filter {
    name   = "instance-type"
    values = [var.machine_type]
  }
}

data "aws_ec2_instance_type" "this" {
  instance_type = var.machine_type
}

locals {
  # Graviton types (t4g, m7g, ...) need the arm64 image.
  arch = contains(data.aws_ec2_instance_type.this.supported_architectures, "arm64") ? "arm64" : "x86_64"
  # Sorted, so that the zone is the same on every plan.
  zone = sort(setintersection(data.aws_availability_zones.available.names, data.aws_ec2_instance_type_offerings.this.locations))[0]
}

# Latest Amazon Linux 2023 (not the minimal or ECS variants); it ships the SSM agent.
data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-${local.arch}"]
  }

  filter {
    name   = "architecture"
    values = [local.arch]
  }
}

# A public subnet with an internet gateway: the SSM agent and package updates need a way out, and a NAT
# gateway would cost more than a small VM.
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "${var.name}-vm"
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "${var.name}-vm"
  }
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.0.0/24"
  availability_zone = local.zone

  tags = {
    Name = "${var.name}-vm-public"
  }

  lifecycle {
    # Chosen at the first deploy; a later change in the zone list must not replace the subnet and the VM.
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
    Name = "${var.name}-vm-public"
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "this" {
  name        = "${var.name}-vm"
  description = "cloud-chatops VM: no inbound rules; use SSM Session Manager"
  vpc_id      = aws_vpc.this.id

  egress {
    description      = "Outbound for package updates and the SSM agent"
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  tags = {
    Name = "${var.name}-vm"
  }
}

# IAM names are global to the account, hence the region in them.
resource "aws_iam_role" "ssm" {
  name = "${var.name}-ssm-${var.region}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.ssm.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "ssm" {
  name = aws_iam_role.ssm.name
  role = aws_iam_role.ssm.name
}

resource "aws_instance" "this" {
  ami                    = data.aws_ami.al2023.id
  instance_type          = var.machine_type
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.this.id]
  iam_instance_profile   = aws_iam_instance_profile.ssm.name
  # No NAT gateway: the SSM agent and updates go out through the public IP (the security group admits nothing).
  associate_public_ip_address = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = 20
    encrypted   = true
  }

  tags = {
    Name = var.name
  }

  lifecycle {
    # A newer AMI must not replace a running VM when the plan is made again (e.g. on resume).
    ignore_changes = [ami]
  }

  # The route must exist before the SSM agent first tries to register.
  depends_on = [aws_iam_role_policy_attachment.ssm, aws_route_table_association.public]
}
