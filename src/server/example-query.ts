/** The query GraphiQL opens with: the refused-disclosure breakdown of the loaded reports. */
export const EXAMPLE_QUERY = `# 不予公开: how many requests each report refused, by legal reason.
# Press the ▶ button (or Ctrl-Enter) to run it.
query RefusedBreakdown {
  reports(first: 20) {
    totalCount
    nodes {
      year
      formVersion
      agency { name province city county divisionCode }
      applications {
        totalProcessed { total }
        refused {
          stateSecret { total }
          lawProhibited { total }
          threeSecurityOneStability { total }
          thirdPartyRights { total }
          internalAffairs { total }
          processInformation { total }
          enforcementCaseFile { total }
          administrativeQuery { total }
          total { total }
        }
      }
    }
  }
}
`;
