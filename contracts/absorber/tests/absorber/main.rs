//! Native tests of the LossAbsorber on a TestVM with a simulated asset and vault.

extern crate alloc;

mod access_control;
mod construction;
mod deficit;
mod governance;
mod layout;
mod losses;
mod markets;
mod properties;
mod router;
mod sim;
mod support;
